"""Each tutorial chapter's section in PyTorch's "Learning PyTorch with Examples".

The anchors are Sphinx's ids of the tutorial's section titles
(``beginner_source/pytorch_with_examples.rst`` in pytorch/tutorials). Chapters the
tutorial does not have (9 onwards) link to nothing but the tutorial itself, from Home.
"""

PAGE = "https://docs.pytorch.org/tutorials/beginner/pytorch_with_examples.html"
TITLE = "Learning PyTorch with Examples"

# page stem -> (the tutorial's section title, its anchor)
SECTIONS = {
    "polynomial_numpy": ("Warm-up: numpy", "warm-up-numpy"),
    "polynomial_tensor": ("PyTorch: Tensors", "pytorch-tensors"),
    "polynomial_autograd": ("PyTorch: Tensors and autograd", "pytorch-tensors-and-autograd"),
    "polynomial_custom_function": (
        "PyTorch: Defining new autograd functions",
        "pytorch-defining-new-autograd-functions",
    ),
    "polynomial_nn": ("PyTorch: nn", "pytorch-nn"),
    "polynomial_optim": ("PyTorch: optim", "pytorch-optim"),
    "polynomial_module": ("PyTorch: Custom nn Modules", "pytorch-custom-nn-modules"),
    "dynamic_net": (
        "PyTorch: Control Flow + Weight Sharing",
        "pytorch-control-flow-weight-sharing",
    ),
}


def link(stem: str) -> tuple[str, str] | None:
    """(title, address) of the tutorial's section matching a page, or None if it has none."""
    if stem not in SECTIONS:
        return None
    title, anchor = SECTIONS[stem]
    return title, f"{PAGE}#{anchor}"
