module "cb" {
  source                = "../../modules/cb"
  env                   = "prod"
  docker_hub_secret_arn = var.docker_hub_secret_arn
}
