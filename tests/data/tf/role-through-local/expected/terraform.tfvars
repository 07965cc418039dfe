docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-AbCdEf"
