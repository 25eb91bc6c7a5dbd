"""How the running server reports trouble: the operator's log and failures described in plain words."""
