"""Version of the Python package (it follows the library's version)."""

__version__ = "1.0.0"

#: The SMSCSERVER_ABI_VERSION this package was written against.
ABI_VERSION = 1
