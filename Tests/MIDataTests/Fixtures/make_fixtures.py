"""Writes the small .npy fixtures used by NPYReaderTests (run with NumPy installed).

Each file holds the same 3x2 matrix [[1, 2], [3, 4], [5, 6]] (or its integer/bool
analogue) in a different dtype, byte order, memory order or format version, so the
reader is tested against files written by NumPy itself.
"""
import numpy as np

base = np.array([[1, 2], [3, 4], [5, 6]])
np.save("float64_c.npy", base.astype("<f8"))
np.save("float32_fortran.npy", np.asfortranarray(base.astype("<f4")))
np.save("int64.npy", base.astype("<i8"))
np.save("int16_bigendian.npy", base.astype(">i2"))
np.save("uint8.npy", base.astype("u1"))
np.save("float64_bigendian.npy", base.astype(">f8"))
np.save("bool.npy", (base % 2 == 0))
np.save("vector.npy", np.array([0.5, -1.5, 2.25]))
with open("version2.npy", "wb") as f:
    np.lib.format.write_array(f, base.astype("<f8"), version=(2, 0))
np.save("complex.npy", base.astype("complex128"))
np.save("three_dimensional.npy", np.zeros((2, 2, 2)))
