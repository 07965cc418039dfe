variable "région" {
  type    = string
  default = "eu-west-3" # Paris ☁
}
// fin du fichier — 終わり

variable "docker_hub_secret_arn" {
  type = string
}
