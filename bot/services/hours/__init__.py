"""Hours and pay: the ledger, pay arithmetic, rates and preferences, payment runs."""
