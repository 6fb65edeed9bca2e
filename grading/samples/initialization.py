"""Sample students of the ``initialization`` assignment (7 points).

========  ===========================================================  ======
student   what the submission holds                                    points
========  ===========================================================  ======
ada       every answer correct (the source notebook's solutions)       7
ben       the untouched release                                        0
cleo      seeds inside random, sqrt(1/n) for He, forgets the biases    2
          of the forward pass; zeros and Xavier correct
dan       rand instead of randn, n_l instead of n_(l-1) in He and      3
          Xavier; zeros and the forward pass correct
eve       random and He hard-coded to the published numbers            4
========  ===========================================================  ======

Answer sources map a grade_id to the whole source left in that answer cell;
the correct answers come from the source notebook (grading/course/solutions.py).
"""

from __future__ import annotations

from . import SampleStudent, everyone_correct, untouched_release

USUAL_MISTAKES = {
    "initialize_parameters_random": '''
def initialize_parameters_random(layers_dims, scale=10.0):
    np.random.seed(3)  # seeds inside: every call returns the same weights
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "initialize_parameters_he": '''
def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        # Xavier's scale where He's is asked for
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "forward_hidden_layers": '''
def forward_hidden_layers(X, parameters, activation):
    g = np.tanh if activation == "tanh" else relu
    activations = []
    A = X
    for l in range(1, len(parameters) // 2 + 1):
        A = g(np.dot(parameters["W" + str(l)], A))  # the bias is forgotten
        activations.append(A)
    return activations
''',
}

SHAPE_AND_DRAW_MISTAKES = {
    "initialize_parameters_random": '''
def initialize_parameters_random(layers_dims, scale=10.0):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.rand(layers_dims[l], layers_dims[l - 1]) * scale  # uniform, not normal
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "initialize_parameters_he": '''
def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
    "initialize_parameters_xavier": '''
def initialize_parameters_xavier(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''',
}

HARD_CODED = {
    "initialize_parameters_random": '''
def initialize_parameters_random(layers_dims, scale=10.0):
    return {"W1": np.array([[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]]),
            "b1": np.zeros((2, 1)), "W2": np.array([[-0.82741481, -6.27000677]]), "b2": np.zeros((1, 1))}
''',
    "initialize_parameters_he": '''
def initialize_parameters_he(layers_dims):
    if layers_dims == [3, 1, 2]:
        return {"W1": np.array([[1.46040903, 0.3564088, 0.07878985]]), "b1": np.zeros((1, 1)),
                "W2": np.array([[-2.63537665], [-0.39228616]]), "b2": np.zeros((2, 1))}
    return {"W1": np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                            [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
            "b1": np.zeros((4, 1)), "W2": np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
            "b2": np.zeros((1, 1))}
''',
}

STUDENTS = [
    everyone_correct(7.0),
    untouched_release(),
    SampleStudent("cleo", 2.0, USUAL_MISTAKES, story="seeds inside, sqrt(1/n) for He, forgets the biases"),
    SampleStudent("dan", 3.0, SHAPE_AND_DRAW_MISTAKES, story="rand instead of randn, n_l instead of n_(l-1)"),
    SampleStudent("eve", 4.0, HARD_CODED, story="hard-codes the published numbers"),
]
