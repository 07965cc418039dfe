a = [1, "two", true, null, {a = 1}, [2]]
