# Values for the CI account.
region                        = "eu-west-1" # primary
docker_hub_secret_arn         = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tools/dockerhub-Zz99Yy"
docker_hub_secret_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
