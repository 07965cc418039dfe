variable "docker_hub_secret_arn" {
  type = "string"
}
