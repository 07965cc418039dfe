a = var.l.0.1
