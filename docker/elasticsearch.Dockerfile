# Elasticsearch 8.14.1 (the official image) plus the workbench English analysis plugin
# (services/elasticsearch/analysis-plugin), which supplies the token filters our index mapping uses:
# workbench_english_possessive, workbench_english_stem, workbench_english_kstem,
# workbench_english_snowball and workbench_asciifolding.
#
# Build context: the repository root (see docker-compose.yml).

FROM maven:3.9-eclipse-temurin-17 AS plugin
WORKDIR /build
COPY services/elasticsearch/analysis-plugin/pom.xml ./pom.xml
RUN mvn -B -q dependency:go-offline || true
COPY services/elasticsearch/analysis-plugin/src ./src
RUN mvn -B -q package && cp target/workbench-analysis-*.zip /build/workbench-analysis.zip

FROM docker.elastic.co/elasticsearch/elasticsearch:8.14.1
COPY --from=plugin --chown=elasticsearch:root /build/workbench-analysis.zip /tmp/workbench-analysis.zip
RUN bin/elasticsearch-plugin install --batch file:///tmp/workbench-analysis.zip \
    && rm -f /tmp/workbench-analysis.zip
