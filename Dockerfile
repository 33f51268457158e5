# Build stage: the Maven wrapper builds Quarkus's aot-jar, the fast-jar laid out so the JVM's AOT cache can hold
# Cairn's own classes too. The sources stay Java 17; the image runs them on Java 25 for its AOT cache.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar

# Runtime stage: a slim Java 25 runtime, running as an unprivileged user.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app cairn \
 && mkdir -p /data/migrations-store && chown -R 10001 /data
WORKDIR /app
COPY --from=build --chown=10001 /src/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=10001 /src/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=10001 /src/target/quarkus-app/quarkus/ /app/quarkus/
COPY --from=build --chown=10001 /src/target/quarkus-app/quarkus-run.jar /app/quarkus-run.jar
COPY --from=build /src/src/main/docker/aot-train.sh /tmp/aot-train.sh
ENV CAIRN_STORE_PATH=/data/migrations-store \
    JAVA_OPTS_APPEND="-XX:MaxRAMPercentage=75"
# The AOT cache (JEP 483/515): one training start written by this very runtime, so the JVM that runs Cairn
# accepts it; start-up to ready drops by about half (bench/README.md, S6). It needs no database.
RUN bash /tmp/aot-train.sh /app && chown 10001 /app/app.aot && rm /tmp/aot-train.sh
VOLUME ["/data/migrations-store"]
USER 10001
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /q/health/ready HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
# From /app with a relative -jar: the cache names the class path as the training run saw it. A JVM that cannot
# use the cache says so once and starts without it.
ENTRYPOINT ["sh", "-c", "exec java -XX:AOTCache=app.aot $JAVA_OPTS_APPEND -jar quarkus-run.jar"]
