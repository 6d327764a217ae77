// Placeholder entry point so the solution builds; the CLI composition root replaces it.
return 0;
