"""Background jobs the user can follow: long work (report files, large imports, SSB fetches,
e-mail) runs as a Django task in the worker; its Job row is what the page reads (state,
progress, result, who started it, for which object) and what Cancel writes to."""
