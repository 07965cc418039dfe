a = var.l.*.*
