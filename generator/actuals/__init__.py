"""Actuals: the playbook's metrics, funnel and ICP evidence measured from the client's CRM exports."""
