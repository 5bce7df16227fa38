# One image per host, chosen with --target: silo or api. GPU silos build with --build-arg USE_GPU=true,
# which links the CUDA build of ONNX Runtime and starts from a CUDA runtime image.
ARG USE_GPU=false
# Self-contained publishes run on any base with glibc: runtime-deps for CPU, a CUDA image for GPU silos.
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG USE_GPU
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -r linux-x64 --self-contained -o /out/silo -p:UseGpu=${USE_GPU} \
 && dotnet publish Api/Api.csproj -c Release -r linux-x64 --self-contained -o /out/api -p:UseGpu=${USE_GPU}

FROM ${RUNTIME_IMAGE} AS silo
WORKDIR /app
COPY --from=build /out/silo .
COPY models ./models
ENV MODEL_PATH=/app/models
ENTRYPOINT ["./Counseling.Silo"]

FROM ${RUNTIME_IMAGE} AS api
WORKDIR /app
COPY --from=build /out/api .
COPY models ./models
ENV MODEL_PATH=/app/models API_PORT=8000 ASPNETCORE_URLS=http://+:8000
EXPOSE 8000
ENTRYPOINT ["./Counseling.Api"]
