"""Users, their one role each, API tokens and the role predicates every access rule is built on."""
