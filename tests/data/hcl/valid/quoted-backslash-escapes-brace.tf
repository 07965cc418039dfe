a = "\\${var.x}"
