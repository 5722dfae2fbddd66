# portflow: one image for the API and the workers (`portflow api` / `portflow worker`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY machines ./machines
COPY workers ./workers
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The package's bin (npx portflow); without the sources it runs dist/.
COPY bin ./bin
USER node
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["start"]
