-- Exploring the autoops warehouse with Spark SQL.
-- Run: scripts/autoops sql --file notebooks/explore.sql   (after scripts/autoops demo)
-- Every table is a view: bronze_raw_lines, silver_events, silver_quarantine,
-- silver_templates, silver_labels, gold_features, gold_model_metrics,
-- ops_decisions, ops_actions.

-- 1. Nothing is lost: per source file, lines read = parsed + quarantined.
SELECT r.format, r.source, count(*) AS read,
       count(e.event_id) AS parsed, count(q.raw_id) AS quarantined
FROM bronze_raw_lines r
LEFT JOIN silver_events e ON r.raw_id = e.event_id
LEFT JOIN silver_quarantine q ON r.raw_id = q.raw_id
GROUP BY r.format, r.source
ORDER BY r.format, r.source;

-- 2. Why lines were quarantined.
SELECT format, reason, count(*) AS lines
FROM silver_quarantine GROUP BY format, reason ORDER BY lines DESC;

-- 3. The most frequent templates per format.
SELECT format, template_id, `count`, template
FROM silver_templates ORDER BY format, `count` DESC;

-- 4. Feature windows per format, and how many carry an anomaly label.
SELECT format, count(*) AS windows, sum(label) AS anomalous, avg(event_count) AS avg_events
FROM gold_features GROUP BY format ORDER BY format;

-- 5. Every training run with its held-out figures.
SELECT * FROM gold_model_metrics ORDER BY created_at;

-- 6. Decisions: how many windows were scored and flagged per format.
SELECT format, count(*) AS decisions, sum(CAST(anomalous AS INT)) AS anomalous
FROM ops_decisions GROUP BY format ORDER BY format;

-- 7. The ledger of actions.
SELECT executor, status, count(*) AS actions FROM ops_actions GROUP BY executor, status;
