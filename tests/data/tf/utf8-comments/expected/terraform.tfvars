# Valeurs — production 🚀
région                = "eu-west-3" /* Paris */
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:cafe/dockerhub-Utf8Cm"
