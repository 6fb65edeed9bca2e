"""Helpers for the Regularization Lab notebooks.

Everything a student may read and call; none of the exercises is answered here.
The flat names below are the ones the notebooks import.
"""

from .activations import relu, sigmoid
from .circles import load_circles
from .cost import compute_cost
from .data import DATASET_ENV, DatasetError, bundled_dataset_path, load_2D_dataset, load_dev_set
from .digits import DigitsSplit, load_digits_split, one_hot
from .gradcheck_network import backward_propagation_with_bugs, network_cost
from .initialization_study import backward_through_layers, plot_layer_histograms, train_network
from .layer_training import (
    DIGITS_EVAL_EVERY,
    DIGITS_ITERATIONS,
    DIGITS_LAYER_SIZES,
    DIGITS_LEARNING_RATE,
    LayerHistory,
    best_setting,
    near_zero_share,
    network_accuracy,
    predict_labels,
    random_search,
    restore,
    train_layers,
    train_setting,
)
from .layers import (
    Affine,
    Penalty,
    ReLU,
    Sequential,
    SoftmaxCrossEntropy,
    build_network,
    l2_penalty,
    softmax,
    weight_decay_update,
)
from .network import (
    Cache,
    backward_propagation,
    forward_propagation,
    initialize_parameters,
    unpack_cache,
    update_parameters,
)
from .plotting import plot_costs, plot_dataset, plot_decision_boundary
from .predict import accuracy_of, predict, predict_dec
from .runs import load_run, save_run
from .toolbox_plots import (
    plot_digits,
    plot_learning_curves,
    plot_misclassified,
    plot_search,
    plot_weight_histograms,
)
from .training import TrainingRun, train
from .vectorize import dictionary_to_vector, gradients_to_vector, parameter_names, vector_to_dictionary

__all__ = [
    "DATASET_ENV",
    "Cache",
    "DatasetError",
    "TrainingRun",
    "accuracy_of",
    "backward_propagation",
    "bundled_dataset_path",
    "compute_cost",
    "forward_propagation",
    "initialize_parameters",
    "load_run",
    "load_2D_dataset",
    "load_dev_set",
    "plot_costs",
    "plot_dataset",
    "plot_decision_boundary",
    "predict",
    "predict_dec",
    "relu",
    "save_run",
    "sigmoid",
    "train",
    "unpack_cache",
    "update_parameters",
    # initialization
    "backward_through_layers",
    "load_circles",
    "plot_layer_histograms",
    "train_network",
    # gradient_checking
    "backward_propagation_with_bugs",
    "dictionary_to_vector",
    "gradients_to_vector",
    "network_cost",
    "parameter_names",
    "vector_to_dictionary",
    # regularization_toolbox (the layer library; its exercises are not answered here)
    "DIGITS_EVAL_EVERY",
    "DIGITS_ITERATIONS",
    "DIGITS_LAYER_SIZES",
    "DIGITS_LEARNING_RATE",
    "Affine",
    "DigitsSplit",
    "LayerHistory",
    "Penalty",
    "ReLU",
    "Sequential",
    "SoftmaxCrossEntropy",
    "best_setting",
    "build_network",
    "l2_penalty",
    "load_digits_split",
    "near_zero_share",
    "network_accuracy",
    "one_hot",
    "plot_digits",
    "plot_learning_curves",
    "plot_misclassified",
    "plot_search",
    "plot_weight_histograms",
    "predict_labels",
    "random_search",
    "restore",
    "softmax",
    "train_layers",
    "train_setting",
    "weight_decay_update",
]
