"""Plans: each municipality's goal hierarchy, measures with dated status, results with evidence files, and the good-practice library with full-text search."""
