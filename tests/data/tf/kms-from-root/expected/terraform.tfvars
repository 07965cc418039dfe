docker_hub_secret_arn         = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:ci/dockerhub-Km5R00"
docker_hub_secret_kms_key_arn = "arn:aws:kms:eu-central-1:123456789012:key/7f3c2a1b-9d8e-4f6a-b5c4-3e2d1f0a9b8c"
