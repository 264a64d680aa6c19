"""autoops on Apache Airflow 3: ingest -> pending -> features -> train -> score -> act, hourly.

Each stage is one `spark-submit` of the autoops jar (SparkSubmitOperator), with the CLI command
line of AUTOOPS_COMMANDS below. Every run takes only what is new:

* ingest reads the input folder as a file stream with the available-now trigger, so it picks up
  the files that arrived since the last run (its checkpoint remembers the rest) and stops;
* pending (the CLI's `pending` command, run in local mode through scripts/autoops-submit) exits 99
  when the newest models were already trained on every version of silver/events; the
  BashOperator then marks itself skipped, and so are features and train;
* score and act run in every run that did not fail (trigger rule none_failed on score), with the
  available-now trigger: they decide and act on the events that arrived, with the newest models.

Runs never overlap (max_active_runs=1): Delta tables on object stores take one writer at a time.
Every stage is idempotent, so a retry re-runs it safely.

Airflow Variables (all optional; defaults in brackets):
  autoops_spark_conn_id  Spark connection of the jobs [spark_default]; read when the file is parsed
  autoops_jar            the autoops jar on the worker [/opt/autoops/target/autoops.jar]
  autoops_home           the autoops installation with scripts/autoops-submit [/opt/autoops]
  autoops_properties     Spark properties file of every job, the cluster profile
                         [/opt/autoops/conf/cluster.conf]
  autoops_warehouse      spark.autoops.warehouse, any Hadoop path [/opt/autoops/warehouse]
  autoops_policy         spark.autoops.act.policy [/opt/autoops/conf/policy.json]
  autoops_format         log format of the input folder [hdfs]
  autoops_input          folder that receives new log files [/opt/autoops/incoming/hdfs]

See scripts/airflow/README.md for installation.
"""

from __future__ import annotations

import datetime
import shlex

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Variable

# The words after `autoops` of every task, as plain data: AirflowDagTest reads this literal
# without Airflow and checks each line with the CLI's own parser. Jinja placeholders are rendered
# by Airflow when the task runs.
AUTOOPS_COMMANDS = {
    "ingest": [
        "ingest",
        "--format",
        "{{ var.value.get('autoops_format', 'hdfs') }}",
        "--mode",
        "stream",
        "--trigger",
        "available-now",
        "{{ var.value.get('autoops_input', '/opt/autoops/incoming/hdfs') }}",
    ],
    "pending": ["pending"],
    "features": ["features"],
    "train": ["train"],
    "score": ["score", "--trigger", "available-now"],
    "act": ["act", "--trigger", "available-now"],
}

# Spark settings of every job (rendered when a task runs). The warehouse and the policy must be
# paths every driver and executor can reach: s3a://, hdfs://, or a shared folder.
SPARK_CONF = {
    "spark.autoops.warehouse": "{{ var.value.get('autoops_warehouse', '/opt/autoops/warehouse') }}",
    "spark.autoops.act.policy": "{{ var.value.get('autoops_policy', '/opt/autoops/conf/policy.json') }}",
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}

# `autoops pending` exits with this code when there is nothing new to train on.
NOTHING_NEW = 99

MAIN_CLASS = "io.autoops.pipelines.cli.AutoopsMain"

# SparkSubmitOperator does not render conn_id, so the connection is read when the file is parsed.
SPARK_CONN_ID = Variable.get("autoops_spark_conn_id", default="spark_default")

# The cluster profile (S3A settings, redaction pattern, shuffle partitions) for every job and for
# the pending check alike, so that all of them see the same warehouse the same way.
PROPERTIES = "{{ var.value.get('autoops_properties', '/opt/autoops/conf/cluster.conf') }}"

JAR = "{{ var.value.get('autoops_jar', '/opt/autoops/target/autoops.jar') }}"

SUBMIT = {
    "conn_id": SPARK_CONN_ID,
    "application": JAR,
    "properties_file": PROPERTIES,
    "java_class": MAIN_CLASS,
    "conf": SPARK_CONF,
    "name": "autoops-{{ task.task_id }}",
}

# The check runs in local mode on the worker: it reads only Delta logs and model cards.
PENDING_COMMAND = (
    '"$AUTOOPS_HOME/scripts/autoops-submit" --master "local[1]"'
    ' --conf "spark.autoops.warehouse=$AUTOOPS_WAREHOUSE" '
    + " ".join(shlex.quote(word) for word in AUTOOPS_COMMANDS["pending"])
)

with DAG(
    dag_id="autoops",
    description="Logs to Delta tables, models, decisions and actions, with autoops on Spark",
    schedule="@hourly",
    start_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "autoops",
        "retries": 2,
        "retry_delay": datetime.timedelta(minutes=5),
    },
    tags=["autoops", "spark"],
    doc_md=__doc__,
) as dag:
    ingest = SparkSubmitOperator(
        task_id="ingest", application_args=AUTOOPS_COMMANDS["ingest"], **SUBMIT
    )
    pending = BashOperator(
        task_id="pending",
        bash_command=PENDING_COMMAND,
        env={
            "AUTOOPS_HOME": "{{ var.value.get('autoops_home', '/opt/autoops') }}",
            "AUTOOPS_PROPERTIES": PROPERTIES,
            "AUTOOPS_JAR": JAR,
            "AUTOOPS_WAREHOUSE": SPARK_CONF["spark.autoops.warehouse"],
        },
        append_env=True,
        skip_on_exit_code=NOTHING_NEW,
    )
    features = SparkSubmitOperator(
        task_id="features", application_args=AUTOOPS_COMMANDS["features"], **SUBMIT
    )
    train = SparkSubmitOperator(
        task_id="train", application_args=AUTOOPS_COMMANDS["train"], **SUBMIT
    )
    score = SparkSubmitOperator(
        task_id="score",
        application_args=AUTOOPS_COMMANDS["score"],
        trigger_rule="none_failed",
        **SUBMIT,
    )
    act = SparkSubmitOperator(task_id="act", application_args=AUTOOPS_COMMANDS["act"], **SUBMIT)

    ingest >> pending >> features >> train >> score >> act
