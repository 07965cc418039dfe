a = "ends with $"
b = "ends with %"
