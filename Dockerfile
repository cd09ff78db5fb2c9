FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nest build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Uploaded documents (DOCUMENT_STORE=file); a volume mounted here keeps the node user as owner.
RUN mkdir -p /data/documents && chown node:node /data/documents
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
