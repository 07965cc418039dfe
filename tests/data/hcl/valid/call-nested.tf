a = upper(lower(trimspace(" x ")))
