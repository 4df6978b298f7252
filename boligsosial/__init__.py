"""Boligsosial: run and evaluate Husbanken's housing-social development programmes."""
