"""Writes reference.safetensors with the reference implementation (the `safetensors`
package on PyPI, numpy API), so the Swift reader is tested on a file it did not write.

    python -m pip install safetensors numpy
    python Tests/MITensorTests/Fixtures/make_safetensors_fixture.py

The values are simple closed forms that SafetensorsTests.swift re-derives.
"""
import pathlib

import numpy as np
from safetensors.numpy import save_file

tensors = {
    # A Linear(3 -> 2) weight in PyTorch's [out, in] layout and its bias.
    "layers.0.weight": (np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5),
    "layers.0.bias": np.array([1.5, -2.25], dtype=np.float32),
    "double": np.array([np.pi, -np.e, 1e-300], dtype=np.float64),
    "half": np.array([[1.0, -0.5], [65504.0, 2.0**-24]], dtype=np.float16),
    "scalar": np.array(7.0, dtype=np.float32),
}
path = pathlib.Path(__file__).with_name("reference.safetensors")
save_file(tensors, str(path), metadata={"written_by": "safetensors.numpy", "format": "np"})
print(f"wrote {path} ({path.stat().st_size} bytes)")
