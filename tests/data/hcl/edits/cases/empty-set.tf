docker_hub_secret_arn = "arn"
