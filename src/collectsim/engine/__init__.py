"""The vectorised engine: borrowers as arrays and the modules of the daily loop.

Each module is one stage of the day (see :mod:`collectsim.model` for the
order) and works on index arrays of the accounts that need work, never on
one Python object per borrower.
"""
