"""Programmes, participations (a municipality in a programme), their organisation and framework-model phases, participation access rules and the portfolio."""
