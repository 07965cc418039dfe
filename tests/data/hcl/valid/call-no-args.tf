a = timestamp()
