# One IAM role per Pixflow role, assumed by its Kubernetes service account (pixflow-<role>), with the
# policy of deploy/aws/iam-<role>.json: those files are the one source of the policies. They name
# example resources (the pixflow-* buckets and queues of account 111122223333, REPLACE-WITH-* for what
# only the operator knows); here each example ARN stands for this stack's resources.

locals {
  roles = ["upload", "multipart", "delivery", "worker", "ingest"]

  # What each example ARN of the policy files is in this stack. An example missing here fails the plan;
  # one that is nothing here (no events queue, no ingest bucket) takes the statements naming only it away.
  policy_arns = {
    "arn:aws:s3:::pixflow-originals"                                  = [aws_s3_bucket.originals.arn]
    "arn:aws:s3:::pixflow-renditions"                                 = [aws_s3_bucket.renditions.arn]
    "arn:aws:s3:::REPLACE-WITH-INGEST-BUCKET"                         = [for bucket in var.ingest_source_buckets : "arn:aws:s3:::${bucket}"]
    "arn:aws:sqs:eu-west-1:111122223333:pixflow-jobs"                 = [aws_sqs_queue.jobs.arn]
    "arn:aws:sqs:eu-west-1:111122223333:pixflow-jobs-dead"            = [aws_sqs_queue.jobs_dead.arn]
    "arn:aws:sqs:eu-west-1:111122223333:pixflow-incoming"             = [aws_sqs_queue.incoming.arn]
    "arn:aws:sqs:eu-west-1:111122223333:pixflow-events.fifo"          = aws_sqs_queue.events[*].arn
    "arn:aws:kms:eu-west-1:111122223333:key/REPLACE-WITH-KEY-ID"      = [aws_kms_key.pixflow.arn]
    "arn:aws:dynamodb:eu-west-1:111122223333:table/pixflow-catalogue" = aws_dynamodb_table.catalogue[*].arn
  }

  # An S3 ARN is its bucket's ARN and a key pattern after it, a DynamoDB ARN its table's ARN and an
  # index pattern after it; every other ARN stands whole.
  arn_parts = "^(arn:aws:s3:::[^/]+|arn:aws:dynamodb:[^:]+:[0-9]+:table/[^/]+|.+)(/.*|)$"

  policy_files = [for role in local.roles : jsondecode(file("${path.module}/../iam-${role}.json"))]

  # Each file's statements as they are, but for their Resource: the ARNs of this stack.
  policy_statements = [
    for policy in local.policy_files : [
      for statement in policy.Statement : merge(statement, {
        Resource = flatten([
          for example in statement.Resource : [
            for arn in local.policy_arns[regex(local.arn_parts, example)[0]] : "${arn}${regex(local.arn_parts, example)[1]}"
          ]
        ])
      })
    ]
  ]

  policies = zipmap(local.roles, [
    for i, policy in local.policy_files : {
      Version   = policy.Version
      Statement = [for statement in local.policy_statements[i] : statement if length(statement.Resource) > 0]
    }
  ])

  # The cluster's OIDC issuer, as IAM names it in conditions: the provider ARN after "oidc-provider/".
  oidc_issuer = element(split("oidc-provider/", var.eks_oidc_provider_arn), 1)
}

# Each role is assumed only by its own service account, through the cluster's OIDC provider.
data "aws_iam_policy_document" "assume_role" {
  for_each = toset(local.roles)

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.eks_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.kubernetes_namespace}:pixflow-${each.key}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "pixflow" {
  for_each = toset(local.roles)

  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume_role[each.key].json
}

resource "aws_iam_role_policy" "pixflow" {
  for_each = aws_iam_role.pixflow

  name   = "pixflow-${each.key}"
  role   = each.value.id
  policy = jsonencode(local.policies[each.key])
}
