a "x" { b = "y" }
