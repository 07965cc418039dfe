a = var.n % 2 == 0
