"""Measurement toolbox for SDG Target 8.7.

Plain Python and NumPy: this package never imports Django, so statisticians can use it
from the command line or a notebook without the web platform.
"""
