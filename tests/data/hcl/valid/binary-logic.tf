a = true && false || !true
