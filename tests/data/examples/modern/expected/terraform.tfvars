team                  = "payments"
repository_url        = "https://github.com/example-org/payments.git"
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:codebuild/dockerhub-XXXXXX"
