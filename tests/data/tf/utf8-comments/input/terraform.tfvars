# Valeurs — production 🚀
région = "eu-west-3" /* Paris */
