a = ["${var.a}", "${var.b}-x"]
