# syntax=docker/dockerfile:1
# The image of any of the three services, built from the repository root; docker compose passes the module and its
# port. By hand:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=gateway --build-arg PORT=8888 -t cachegate/gateway .
# Stage 1 builds the jar with the Maven wrapper; stage 2 unpacks it into Spring Boot's layers so that a code
# change rebuilds only the small application layer; stage 3 runs it as a non-root user.
ARG MODULE
ARG PORT

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY stack/pom.xml stack/pom.xml
COPY service-support/pom.xml service-support/pom.xml
COPY auth-service/pom.xml auth-service/pom.xml
COPY user-service/pom.xml user-service/pom.xml
COPY cachegate-spring-cloud-gateway/pom.xml cachegate-spring-cloud-gateway/pom.xml
COPY gateway/pom.xml gateway/pom.xml
COPY samples/gateway-with-cache/pom.xml samples/gateway-with-cache/pom.xml
COPY perf/pom.xml perf/pom.xml
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl ${MODULE} -am dependency:go-offline -DskipTests || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl ${MODULE} -am package -DskipTests

FROM eclipse-temurin:17-jre AS layers
ARG MODULE
WORKDIR /layers
COPY --from=build /src/${MODULE}/target/${MODULE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
ARG PORT
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system cachegate && useradd --system --gid cachegate --home /app cachegate
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER cachegate
EXPOSE ${PORT}
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
