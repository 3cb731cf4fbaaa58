#!/usr/bin/python3
"""boto3 doing the same signed Invoke calls: prints calls per second."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

endpoint, concurrency, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = boto3.client(
    "lambda", region_name="us-east-1", endpoint_url=endpoint,
    aws_access_key_id="AKIDBENCHEXAMPLE", aws_secret_access_key="bench-secret-not-real",
    config=Config(max_pool_connections=max(10, concurrency), retries={"mode": "standard"}))

def one(_):
    client.invoke(FunctionName="bench-function", Payload=b'{"name":"bench"}')

one(0)  # warm the connection pool and botocore's loaders
start = time.perf_counter()
if concurrency == 1:
    for i in range(calls):
        one(i)
else:
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(calls)))
print(round(calls / (time.perf_counter() - start)))
