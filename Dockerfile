# Build stage: the Maven wrapper builds the Quarkus fast-jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

# Runtime stage: a slim Java 17 runtime, running as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app cairn \
 && mkdir -p /data/migrations-store && chown -R 10001 /data
WORKDIR /app
COPY --from=build --chown=10001 /src/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=10001 /src/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=10001 /src/target/quarkus-app/quarkus/ /app/quarkus/
COPY --from=build --chown=10001 /src/target/quarkus-app/quarkus-run.jar /app/quarkus-run.jar
ENV CAIRN_STORE_PATH=/data/migrations-store \
    JAVA_OPTS_APPEND="-XX:MaxRAMPercentage=75"
VOLUME ["/data/migrations-store"]
USER 10001
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /q/health/ready HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS_APPEND -jar /app/quarkus-run.jar"]
