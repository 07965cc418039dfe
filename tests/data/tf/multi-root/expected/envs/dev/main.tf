module "cb" {
  source                = "../../modules/cb"
  env                   = "dev"
  docker_hub_secret_arn = var.docker_hub_secret_arn
}
