a = var."x"
