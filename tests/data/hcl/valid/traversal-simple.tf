a = var.x
