"""Each municipality's goal hierarchy, measures with status, results with evidence, and the good-practice library."""
