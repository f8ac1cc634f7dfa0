# What Pixflow and its Kubernetes manifests (deploy/k8s) take from this stack.

locals {
  postgres_url = one([for db in aws_db_instance.catalogue : "jdbc:postgresql://${db.address}:${db.port}/${db.db_name}?sslmode=require"])

  # The catalogue's settings, of whichever catalogue.tf made.
  catalogue_settings = {
    PIXFLOW_METADATA_TYPE            = var.catalogue
    PIXFLOW_METADATA_POSTGRES_URL    = local.postgres_url
    PIXFLOW_METADATA_POSTGRES_USER   = one(aws_db_instance.catalogue[*].username)
    PIXFLOW_METADATA_DYNAMODB_TABLE  = one(aws_dynamodb_table.catalogue[*].name)
    PIXFLOW_METADATA_DYNAMODB_REGION = local.dynamodb ? var.region : null
  }

  # Every setting this stack decides, by its environment variable (docs/configuration.md); a null
  # one is left out. The database password is not here: see database_password_secret_arn.
  stack_settings = {
    PIXFLOW_STORAGE_TYPE                      = "s3"
    PIXFLOW_STORAGE_S3_REGION                 = var.region
    PIXFLOW_STORAGE_S3_ORIGINALSBUCKET        = aws_s3_bucket.originals.bucket
    PIXFLOW_STORAGE_S3_RENDITIONSBUCKET       = aws_s3_bucket.renditions.bucket
    PIXFLOW_STORAGE_S3_SSE                    = "aws:kms"
    PIXFLOW_STORAGE_S3_KMSKEYID               = aws_kms_key.pixflow.arn
    PIXFLOW_STORAGE_S3_RENDITIONSSTORAGECLASS = var.renditions_storage_class
    PIXFLOW_STORAGE_S3_INCOMINGQUEUEURL       = aws_sqs_queue.incoming.url
    PIXFLOW_QUEUE_TYPE                        = "sqs"
    PIXFLOW_QUEUE_SQS_REGION                  = var.region
    PIXFLOW_QUEUE_SQS_QUEUEURL                = aws_sqs_queue.jobs.url
    PIXFLOW_QUEUE_SQS_DEADLETTERQUEUEURL      = aws_sqs_queue.jobs_dead.url
    PIXFLOW_EVENTS_SQS_QUEUEURL               = one(aws_sqs_queue.events[*].url)
    PIXFLOW_LIFECYCLE_DEFAULTTTL              = var.image_ttl_days == null ? null : "P${var.image_ttl_days}D"
    PIXFLOW_MULTIPART_EXPIRY                  = "${var.upload_expiry_days}d"
    PIXFLOW_DELIVERY_PUBLICBASEURL            = one([for cdn in aws_cloudfront_distribution.delivery : "https://${length(var.cdn_aliases) > 0 ? var.cdn_aliases[0] : cdn.domain_name}"])
  }

  pixflow_environment = { for name, value in merge(local.stack_settings, local.catalogue_settings) : name => value if value != null }

  # Pods listen on their own interface, so Pixflow starts only once an API key exists.
  kubernetes_settings = {
    SERVER_ADDRESS = "0.0.0.0"
  }
}

output "pixflow_environment" {
  description = "The environment every Pixflow process takes: deploy/k8s/config.yaml's pixflow-config ConfigMap."
  value       = local.pixflow_environment
}

output "kubernetes_config_map" {
  description = "deploy/k8s/config.yaml's ConfigMap with this stack's values: terraform output -raw kubernetes_config_map | kubectl apply -f -"
  value = yamlencode({
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata = {
      name   = "pixflow-config"
      labels = { "app.kubernetes.io/name" = "pixflow" }
    }
    data = merge(local.pixflow_environment, local.kubernetes_settings)
  })
}

output "role_arns" {
  description = "The IAM role of each Pixflow role: the eks.amazonaws.com/role-arn of its service account pixflow-<role>."
  value       = { for role, iam in aws_iam_role.pixflow : role => iam.arn }
}

output "database_password_secret_arn" {
  description = "The Secrets Manager secret holding the catalogue's password: the pixflow-db Kubernetes secret's password."
  value       = one(aws_secretsmanager_secret.catalogue[*].arn)
}

output "jobs_queue_url" {
  description = "The queue KEDA scales the workers on (deploy/k8s/autoscaling.yaml)."
  value       = aws_sqs_queue.jobs.url
}

output "cdn_domain_name" {
  description = "The distribution's own name: point cdn_aliases at it (a CNAME or a Route 53 alias)."
  value       = one(aws_cloudfront_distribution.delivery[*].domain_name)
}
