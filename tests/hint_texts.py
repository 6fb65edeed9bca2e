"""The hints of the public tests, word for word: what a student reads after each usual mistake.

Checked by tests/mistakes.py on every hint the mistake-by-hint matrices provoke, so that a hint
cannot be emptied, reworded by accident or swapped with another without a test noticing. A name
whose text depends on the case (shapes, layer numbers) lists each variant the matrices meet.
"""

HINT_TEXTS: dict[str, tuple[str, ...]] = {
    "He's scale for Xavier": (
        "Xavier initialisation uses sqrt(1 / n_(l-1)); sqrt(2 / n_(l-1)) is He's scale, made for "
        'ReLU.',
    ),
    'W transposed': (
        'W1 has shape (n_l, n_(l-1)) = (1, 3): one row per unit of layer l, one column per unit of '
        'the layer below.',
        'W1 has shape (n_l, n_(l-1)) = (2, 3): one row per unit of layer l, one column per unit of '
        'the layer below.',
    ),
    'activation ignored': (
        "apply the activation named by the argument ('relu'): you applied tanh.",
        "apply the activation named by the argument ('tanh'): you applied relu.",
    ),
    'cached the activation before dropout': (
        'store A1 after applying D1 and dividing by keep_prob: that is what the next layer saw.',
    ),
    'counted units, not parameters': (
        'a weight connects each unit to each unit of the layer before: layer l has n[l] * n[l-1] '
        'weights.',
    ),
    'dividing by epsilon instead of 2 epsilon': (
        'the two perturbed points are 2 epsilon apart: divide by 2 * epsilon.',
        'theta + epsilon and theta - epsilon are 2 epsilon apart: divide the difference of the two '
        'costs by 2 * epsilon.',
    ),
    'dividing by ||grad|| only': (
        'the denominator is ||grad|| + ||grad_approx||, the sum of both norms.',
    ),
    'drawing a new mask in backward': (
        'reuse the masks D1 and D2 stored in the cache; a fresh mask would send gradients through '
        'units the forward pass had dropped.',
    ),
    'drawing b at random': (
        'biases start at zero: b1 = np.zeros((n_l, 1)); the random weights alone already break the '
        'symmetry.',
    ),
    'dropout on one layer only': (
        'both hidden layers get a mask: D1 for A1 and D2 for A2.',
    ),
    'dropout on the input layer': (
        'X is never dropped: draw masks for A1 and A2 only.',
    ),
    'dropout on the output layer': (
        'A3 is never dropped: draw masks for A1 and A2 only.',
    ),
    'forgot the L2 term': (
        'add (lambd / m) * W3 to dW3.',
    ),
    'forgot the absolute value': (
        'positive and negative weights cancel in a plain mean: average np.abs(W).',
    ),
    'forgot the bias': (
        "Z = np.dot(W, A_prev) + b: add the layer's bias.",
    ),
    'forgot the biases': (
        'every layer l = 1..L also needs its bias b<l> = np.zeros((n_l, 1)).',
        'every unit of layers 1..L also has a bias b.',
    ),
    'forgot the cross-entropy': (
        'the regularised cost is the cross-entropy cost (compute_cost) PLUS the L2 penalty; you '
        'returned the penalty alone.',
    ),
    'forgot the penalty': (
        'you returned the plain cross-entropy; add the L2 term.',
    ),
    'gave the input layer biases': (
        'the input layer has no parameters of its own.',
    ),
    'included the biases': (
        'biases shift units, they do not weigh inputs; leave b1, b2, b3 out.',
    ),
    'included the input': (
        'the list holds the outputs of layers 1..L only; X is not one of them.',
    ),
    'keeping with probability 1-keep_prob': (
        'a unit is KEPT when its random number is below keep_prob: D = np.random.rand(...) < '
        'keep_prob.',
    ),
    'lambda instead of lambda/2': (
        'the penalty carries lambd / 2, not lambd (the 1/2 makes its gradient a clean (lambd/m) * '
        'W).',
        'the penalty is lambd/(2m) * sum(W**2); its gradient is (lambd/m) * W, not (2*lambd/m) * W.',
    ),
    'lambda/2 in the gradient': (
        'the derivative of (lambd/(2m)) * W**2 is (lambd/m) * W: the 1/2 cancels against the 2 of '
        'the square.',
    ),
    'leaving theta perturbed': (
        '`theta_plus = theta` does not copy: it is another name for the same array, so '
        '`theta_plus[i] += epsilon` changes theta itself. Copy first (np.copy(theta)) and perturb '
        'the copy.',
        'restore theta (or perturb fresh copies) before moving to the next entry: otherwise later '
        'entries are measured at a shifted point.',
    ),
    'mask not applied': (
        'units dropped in the forward pass get no gradient: multiply dA1 by the cached D1.',
        'units dropped in the forward pass get no gradient: multiply dA2 by the cached D2.',
    ),
    'missing 1/m': (
        'the L2 term of dW3 is (lambd / m) * W3; you did not divide by m.',
        'the penalty is (lambd / (2 * m)) times the sum of squared weights; you did not divide by '
        'the number of examples m.',
    ),
    'mixing the order of parameters and grads': (
        'flatten the parameters as W1, b1, W2, b2, ... and the gradients as dW1, db1, dW2, db2, '
        '... in the SAME order. The gradients dictionary lists dZ3, dW3, db3, ... first: pick the '
        'keys by name (gradients_to_vector does it), not by their order in the dictionary.',
    ),
    'modifying the inputs in place': (
        'operators such as `+=`, `*=`, `A[mask] = 0`, `.reverse()`, `.pop()` or `d[key] = ...` '
        "change the caller's arrays, lists and dictionaries; build new ones instead (e.g. `A1 = A1 "
        '* D1`).',
    ),
    'multiplying by keep_prob': (
        'divide by keep_prob, do not multiply.',
    ),
    'n_l instead of n_(l-1)': (
        'the scale uses the size of the layer BELOW (the fan-in): sqrt(1 / n_(l-1)) = sqrt(1 / 3), '
        'not sqrt(1 / 1).',
        'the scale uses the size of the layer BELOW (the fan-in): sqrt(2 / n_(l-1)) = sqrt(2 / 3), '
        'not sqrt(2 / 1).',
    ),
    'no normalisation': (
        'divide ||grad - grad_approx|| by ||grad|| + ||grad_approx||: the raw distance depends on '
        'the scale of the gradient, the ratio does not.',
        'return ||grad - grad_approx|| / (||grad|| + ||grad_approx||), not the raw distance.',
    ),
    'no random draw': (
        'draw the masks with np.random.rand(...) inside the function, after the caller seeded the '
        'generator.',
    ),
    'norm of the sum': (
        'the denominator is ||grad|| + ||grad_approx||, not ||grad + grad_approx||.',
    ),
    'not dividing by keep_prob': (
        'after applying D1, divide dA1 by keep_prob, exactly as the forward pass scaled A1.',
        'after applying D2, divide dA2 by keep_prob, exactly as the forward pass scaled A2.',
        'inverted dropout scales the kept units by 1/keep_prob so that the expected activation is '
        'unchanged: A1 = A1 / keep_prob.',
    ),
    'one mask entry per unit': (
        'the mask has one entry per unit AND per example: np.random.rand(A1.shape[0], A1.shape[1]).',
    ),
    'one-sided difference': (
        '(J(theta + eps) - J(theta)) / eps has an error proportional to eps; the centred '
        'difference (J(theta + eps) - J(theta - eps)) / (2 eps) is accurate to eps**2.',
        '(J(theta) - J(theta - eps)) / eps has an error proportional to eps; use both sides: '
        '(J(theta + eps) - J(theta - eps)) / (2 eps).',
        'use the centred difference (J(theta + eps) - J(theta - eps)) / (2 eps) for every entry.',
    ),
    'penalising the biases': (
        'biases are not penalised: db keeps its plain form with no L2 term.',
        'only W1, W2 and W3 are penalised; leave b1, b2, b3 out of the sum.',
    ),
    'perturbing every entry at once': (
        'entry i of the gradient moves ONLY theta[i]: add epsilon to one entry of a copy of theta, '
        'not to the whole vector.',
    ),
    'rand instead of randn': (
        'np.random.rand draws uniformly from [0, 1): every weight is positive. Use np.random.randn '
        '(standard normal).',
    ),
    'returned Z instead of A': (
        "each entry of the list is the layer's output A = g(Z), after the activation, not the "
        'linear part Z = W A_prev + b.',
    ),
    'scale ignored': (
        'multiply by the argument `scale`, not by a fixed 10.',
    ),
    'seeding inside the function': (
        'never call np.random.seed in the exercise function; the caller seeds once and every call '
        'then draws fresh masks.',
        'the caller seeds the generator once; a function that calls np.random.seed itself returns '
        'the same weights whatever the caller did. Remove np.random.seed from your function.',
    ),
    'sigmoid on the last layer': (
        'this stack has no output layer: every layer, the last one too, applies the same '
        'activation.',
    ),
    'sqrt(1/n) for He': (
        "He initialisation uses sqrt(2 / n_(l-1)); sqrt(1 / n_(l-1)) is Xavier's scale, made for "
        'tanh.',
    ),
    'squared norms': (
        'np.linalg.norm already takes the square root; do not square the norms.',
    ),
    'squared weights': (
        'this is the mean absolute value, not the mean square.',
    ),
    'sum instead of mean': (
        'divide by the number of entries (np.mean does it).',
    ),
    'summed weights instead of squares': (
        'square each weight (np.square) before summing.',
    ),
    'the same point twice': (
        'both costs were computed at the same point, so every difference is 0: theta_plus and '
        'theta_minus must be two separate copies of theta.',
    ),
    'the wrong norm': (
        'use the Euclidean 2-norm (np.linalg.norm) everywhere.',
        'use the Euclidean 2-norm, np.linalg.norm(v) = sqrt(sum(v**2)), for all three norms.',
    ),
    'unexpected random draws': (
        "draw exactly one mask per hidden layer, np.random.rand with the activation's shape, first "
        'D1 then D2.',
    ),
    'wrong sign': (
        'the L2 term is added to the gradient, not subtracted.',
    ),
}


# regularization_toolbox (tests/test_hints_regularization_toolbox.py): its hints, merged into HINT_TEXTS;
# a name the other assignments use too gets these texts as further variants.
TOOLBOX_HINT_TEXTS: dict[str, tuple[str, ...]] = {
    'a generator of your own': (
        'draw from the rng argument itself; a generator made inside the function '
        "(np.random.default_rng()) ignores the caller's seed.",
    ),
    'a new mask in backward': (
        'backward reuses the mask its forward call drew and kept (e.g. self.mask); a fresh mask would'
        ' send gradient through units the forward pass dropped.',
    ),
    'bounds used as exponents': (
        'low and high are the values themselves, not their logarithms: draw the exponent between '
        'np.log10(low) and np.log10(high).',
    ),
    'dividing by keep_prob at test time': (
        'multiply by keep_prob at test time: a unit is present in training with probability '
        'keep_prob, so its expected output is keep_prob * x.',
    ),
    'dividing by keep_prob in training': (
        'the non-inverted layer does not rescale while training: return x * mask (the scaling by '
        'keep_prob happens at test time).',
    ),
    'drawing at test time': (
        "draw a mask only when train is True; at test time the layer leaves NumPy's random generator "
        'alone (a draw there would shift every later draw of the program).',
    ),
    'drawing from np.random instead of rng': (
        'draw from the generator passed in, rng.uniform(...) or rng.random(...); np.random.* '
        "functions use NumPy's global generator, which the caller did not give you.",
    ),
    'dropout at test time': (
        'with train=False the layer drops nothing: return x * keep_prob, and draw no mask.',
        'with train=False the layer drops nothing: return x unchanged, and draw no mask.',
    ),
    'dropping with probability keep_prob': (
        'a unit is KEPT when its random number is below keep_prob: mask = np.random.rand(*x.shape) < '
        'keep_prob; with > (or >=) a unit survives with probability 1 - keep_prob.',
    ),
    'equal counted as improvement': (
        'an improvement is a value strictly below the best so far (<, not <=): a tie neither moves '
        'the best index nor resets the counter.',
    ),
    'forgot the L1 term': (
        'add lambd / (2 * m) * np.sign(W3) to dW3.',
    ),
    'forgot the absolute value': (
        'positive and negative weights cancel in a plain sum: sum np.abs(W).',
    ),
    'forgot the cross-entropy': (
        'the regularised cost is the cross-entropy cost (compute_cost) PLUS the L1 penalty; you '
        'returned the penalty alone.',
    ),
    'forgot the penalty': (
        'you returned the plain cross-entropy; add the L1 term.',
    ),
    'lambd/m instead of lambd/(2m)': (
        "the course's L1 penalty is lambd / (2 * m) * sum |W|: keep the 2 in the denominator.",
        'the derivative of |W| is sign(W), with no square whose 2 would cancel the 1/2: the term is '
        'lambd / (2 * m) * np.sign(W).',
    ),
    'looked past the stopping point': (
        'the answer is the best error seen BEFORE the run stopped; the minimum of the whole curve '
        'uses evaluations early stopping never made.',
    ),
    'mask not applied in backward': (
        'units the forward pass dropped send no gradient back: multiply dout by the kept mask.',
    ),
    'missing 1/m': (
        'the L1 penalty is lambd / (2 * m) times the sum of |W|; you did not divide by the number of '
        'examples m.',
        'the L1 term of dW3 is lambd / (2 * m) * np.sign(W3); you did not divide by m.',
    ),
    'mixed bases': (
        'the logarithm and the power must use the same base: 10 ** rng.uniform(np.log10(low), '
        'np.log10(high), size), or np.exp(rng.uniform(np.log(low), np.log(high), size)).',
    ),
    'multiplying by keep_prob': (
        'divide the kept units by keep_prob, do not multiply.',
    ),
    'never stopped: last index': (
        'when patience never runs out, the answer is still the index of the best error (the first '
        'minimum), not the last index.',
    ),
    'no random draw': (
        "draw the mask inside forward with np.random.rand(*x.shape), from NumPy's global generator "
        '(the caller seeds it).',
    ),
    'no rescaling in backward': (
        'the forward pass divided by keep_prob, so backward does too: return dout * mask / keep_prob.',
    ),
    'no rescaling in training': (
        'inverted dropout divides the kept units by keep_prob while training, so that their expected '
        'value stays x: return x * mask / keep_prob.',
    ),
    'not scaling at test time': (
        'the non-inverted layer did not rescale while training, so at test time it scales down '
        'instead: return x * keep_prob.',
    ),
    'one draw per unit': (
        'the mask has one entry per unit AND per example, the shape of x: np.random.rand(*x.shape).',
    ),
    'one uniform per value': (
        'draw exactly one uniform number per value, e.g. a single rng.uniform(np.log10(low), '
        'np.log10(high), size) call, and nothing else from rng.',
    ),
    'patience not reset': (
        'patience counts evaluations IN A ROW without improvement: set the counter back to 0 at every'
        ' improvement.',
    ),
    'patience off by one': (
        'stop at the evaluation where the count of evaluations in a row without improvement reaches '
        'patience (3), not one before or one after.',
    ),
    'penalising the biases': (
        'biases are not penalised: db keeps its plain form with no L1 term.',
        'only W1, W2 and W3 are penalised; leave b1, b2, b3 out of the sum of absolute values.',
    ),
    'rescaling in backward': (
        'the non-inverted forward pass does not divide by keep_prob while training, so backward does '
        'not either: return dout * mask.',
    ),
    'returned the error, not its index': (
        'return the position of the best error in the list (an int), not the error itself.',
    ),
    'returned the stopping index': (
        'return the index of the best error seen, not the index of the evaluation at which the run '
        'stopped.',
    ),
    'scaling at test time': (
        'inverted dropout already rescaled the kept units while training: at test time return x '
        'unchanged.',
    ),
    'squares instead of absolute values': (
        'the L1 penalty sums the absolute values |W| (np.abs); a sum of squares is the L2 penalty.',
    ),
    'the L2 gradient': (
        '(lambd / m) * W is the gradient of the L2 penalty; the L1 penalty lambd / (2 * m) * sum |W| '
        'has the gradient lambd / (2 * m) * np.sign(W).',
    ),
    'the same mask every call': (
        'each training call of forward draws a new mask with np.random.rand(*x.shape); keep it only '
        'for the backward of that call (and never seed inside the layer).',
    ),
    'the weights instead of their signs': (
        'the derivative of |W| is np.sign(W) (+1 or -1), not W: add lambd / (2 * m) * np.sign(W3).',
    ),
    'uniform in lambd, not in its logarithm': (
        'draw the EXPONENT uniformly, r = rng.uniform(np.log10(low), np.log10(high), size), and '
        'return 10 ** r; a value drawn uniformly between low and high lands in the top decade nine '
        'times in ten.',
    ),
    'wrong sign': (
        'the L1 term is added to the gradient, not subtracted.',
    ),
}

for _name, _texts in TOOLBOX_HINT_TEXTS.items():
    HINT_TEXTS[_name] = HINT_TEXTS.get(_name, ()) + _texts
